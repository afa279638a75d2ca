import { createContext, type ReactNode, useContext, useMemo, useState } from 'react'
import { setBearer } from './api'

/** Who is signed in: the token the gateway verifies and the actor it names. */
export type Actor = {
  sub: string
  role: Role
  department?: string
  creditCode?: string
  provider?: string
  /** A reviewer's or lead's region (行政区划代码), when its authority is regional (docs/security.md). */
  region?: string
}
export type Role =
  | 'clerk'
  | 'reviewer'
  | 'owner'
  | 'supervisor'
  | 'admin'
  | 'lead'
  | 'utility'
  | 'registrar'
  | 'agent'
  | 'review_body'
  | 'surveyor'
  | 'helper'
  | 'intermediary'
export type Session = { token: string; actor: Actor }

/** Each role's name at the window and in the menu. */
export const ROLE_NAMES: Record<Role, string> = {
  clerk: '窗口受理人员',
  reviewer: '部门审批人员',
  owner: '建设单位（业主）',
  supervisor: '监督管理人员',
  admin: '系统管理员',
  lead: '联合验收牵头部门',
  utility: '市政公用服务单位',
  registrar: '不动产登记机构',
  agent: '12345热线座席',
  review_body: '施工图审查机构',
  surveyor: '测绘单位',
  helper: '帮办代办员',
  intermediary: '中介服务机构',
}

// Per tab (sessionStorage): two tabs may be two people at one desk, and closing the browser signs out.
const STORAGE_KEY = 'onewindow.session'

function stored(): Session | undefined {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY)
    const value = text ? (JSON.parse(text) as Partial<Session>) : undefined
    // A session another build stored (or anything else under the key) is no session: a role the menus do not know
    // would break every page of the tab, so it signs in again instead.
    if (typeof value?.token !== 'string' || !value.actor || !Object.hasOwn(ROLE_NAMES, value.actor.role))
      return undefined
    return value as Session
  } catch {
    return undefined
  }
}

type SessionContext = {
  session: Session | undefined
  signIn(session: Session): void
  signOut(): void
}
const Context = createContext<SessionContext | undefined>(undefined)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(stored)
  setBearer(session?.token)
  const value = useMemo<SessionContext>(
    () => ({
      session,
      signIn(next) {
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next))
        setBearer(next.token)
        setSession(next)
      },
      signOut() {
        sessionStorage.removeItem(STORAGE_KEY)
        setBearer(undefined)
        setSession(undefined)
      },
    }),
    [session],
  )
  return <Context.Provider value={value}>{children}</Context.Provider>
}

export function useSession(): SessionContext {
  const value = useContext(Context)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value
}

/** The signed-in actor; only under a route that requires sign-in (layout.tsx). */
export function useActor(): Actor {
  const { session } = useSession()
  if (!session) throw new Error('useActor before sign-in')
  return session.actor
}
