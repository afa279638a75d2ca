import { problemFromDomainError } from '@onewindow/service-kit'
import { isDomainError, previewClock } from '../domain/clock-preview.js'
import { ClockPreview, ClockPreviewBody } from '../http/schemas.js'
import { authorised, type RoutePlugin } from './plugin.js'

export const clockRoutes: RoutePlugin = async (app, { deps }) => {
  app.post(
    '/clock/preview',
    {
      schema: {
        summary: 'The due date of a limit from a start day, with pauses, explained (any signed-in user)',
        tags: ['queries'],
        body: ClockPreviewBody,
        response: { 200: ClockPreview },
      },
    },
    async (request) => {
      authorised(request, { action: 'clock.preview' })
      const result = previewClock(deps.calendar.current(), request.body)
      if (isDomainError(result)) throw problemFromDomainError(result)
      return result
    },
  )
}
