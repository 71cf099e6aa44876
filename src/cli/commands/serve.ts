// `shmscope serve [--host H] [--port P] [--token T] [--interval-ms N]`: the web UI, the
// ShmscopeApi over WebSocket and /metrics, from one monitor service, until Ctrl+C.
import type { CommandModule } from '../command'
import { CliError, EXIT, usageError } from '../errors'
import { parseCommandArgs, parseCount, stringOption } from '../format/args'
import { ShmscopeService } from '../../main/core/service'
import { startServeServer, ServeConfigError } from '../../main/server/server'
import { demoController } from '../../main/demoController'
import { createServiceSwitch } from '../../main/remote/switch'

export const command: CommandModule = {
  usage: 'serve [--host H] [--port P] [--token T] [--interval-ms N] [--metrics-fields] [--remote-view]',
  help: [
    'Run the monitor and serve its UI to a browser: GET / the UI, GET /api/snapshot the',
    '`list --json` document, /api/ws the API and tick stream, GET /metrics for Prometheus.',
    'Read-only: nothing served changes a segment.',
    '',
    '  --host H         address to bind (default 127.0.0.1). Any other address needs a token:',
    '                   one is generated and printed unless --token gives it',
    '  --port P         TCP port (default 7766; 0 picks a free one)',
    '  --token T        require `Authorization: Bearer T` (the printed link carries it once)',
    '  --interval-ms N  poll interval, 50 to 10000 (default 500)',
    '  --metrics-fields also export watched payloads\' numeric fields on /metrics',
    '  --remote-view    let the page switch this monitor to another machine\'s serve (off:',
    '                   it makes this server open connections where a page asks)',
    '',
    'Examples:  shmscope serve    shmscope serve --host 0.0.0.0 --port 8080'
  ].join('\n'),
  async run(argv) {
    const args = parseCommandArgs(argv, { host: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' }, 'interval-ms': { type: 'string' }, 'metrics-fields': { type: 'boolean' }, 'remote-view': { type: 'boolean' } }, 0)
    const port = parseCount('--port', stringOption(args, 'port')) ?? 7766
    if (port > 65535) throw usageError('--port must be 0 to 65535')
    const intervalMs = parseCount('--interval-ms', stringOption(args, 'interval-ms')) ?? 500
    if (intervalMs < 50 || intervalMs > 10_000) throw usageError('--interval-ms must be from 50 to 10000')
    const host = stringOption(args, 'host') ?? '127.0.0.1'

    const service = new ShmscopeService({ intervalMs, transport: 'serve', demo: demoController() })
    const api = args.values['remote-view'] === true ? createServiceSwitch(service) : service
    let server
    try {
      await service.start()
      server = await startServeServer({ service: api, host, port, token: stringOption(args, 'token'), metricsFields: args.values['metrics-fields'] === true })
    } catch (err) {
      await service.dispose()
      if (err instanceof ServeConfigError) throw usageError(err.message)
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE') throw new CliError(`port ${port} on ${host} is already in use: pick another with --port (0 picks a free one)`, EXIT.failure)
      if (code === 'EADDRNOTAVAIL') throw new CliError(`${host} is not an address of this machine`, EXIT.usage)
      if (code === 'EACCES') throw new CliError(`not allowed to listen on port ${port} (ports below 1024 need privileges)`, EXIT.permission)
      throw err
    }
    if (server.tokenGenerated) process.stdout.write(`shmscope: ${host} is not loopback, so requests need this token: ${server.token}\n`)
    process.stdout.write(`shmscope: serving on ${server.url}\n`)
    process.stdout.write('shmscope: press Ctrl+C to stop\n')

    const handle = server
    return new Promise<number>((resolve) => {
      let stopping = false
      const stop = (): void => {
        if (stopping) return
        stopping = true
        process.stdout.write('shmscope: stopping\n')
        // Detach from everything before the process goes, even when a close hangs.
        const hard = setTimeout(() => resolve(EXIT.ok), 5000)
        hard.unref()
        void Promise.allSettled([handle.close(), service.dispose()]).then(() => {
          clearTimeout(hard)
          resolve(EXIT.ok)
        })
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      process.once('SIGHUP', stop)
    })
  }
}
