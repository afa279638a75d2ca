import nodemailer from 'nodemailer'
import type { Channel } from './channel.js'

export type EmailOptions = {
  /** `SMTP_URL`: `smtp://user:pass@host:587` or `smtps://…`, as nodemailer takes it. */
  smtpUrl: string
  /** `SMTP_FROM`: the sender. */
  from: string
}

/** 电子邮件 by SMTP (nodemailer): the title as subject, the text as body; a refused or failed send throws. */
export function emailChannel(options: EmailOptions): Channel & { close(): void } {
  const transport = nodemailer.createTransport(options.smtpUrl)
  return {
    async send(m) {
      if (!m.address) throw new Error('no e-mail address for this recipient')
      await transport.sendMail({
        from: options.from,
        to: m.address,
        subject: m.title,
        text: m.body,
        messageId: `<${m.id}@onewindow>`,
      })
    },
    close: () => transport.close(),
  }
}
