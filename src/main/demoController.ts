// Gives the monitor service its demo: created on first use, so a monitor that never runs the
// demo makes no private key file.
import type { DemoController } from './core/service'
import { DemoManager } from '../demo/manager'

export function demoController(): DemoController {
  let manager: DemoManager | undefined
  const get = (): DemoManager => (manager ??= new DemoManager())
  return {
    listScenarios: () => get().listScenarios(),
    start: (name) => get().start(name),
    stop: () => (manager ? manager.stop() : Promise.resolve({ running: false, processes: [], headers: [] })),
    status: () => manager?.status() ?? { running: false, processes: [], headers: [] }
  }
}
