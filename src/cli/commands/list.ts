// `shmscope list` — placeholder until its issue lands.
import type { CommandModule } from '../command'
import { CliError, EXIT } from '../errors'

export const command: CommandModule = {
  usage: 'list',
  help: 'Not implemented yet.',
  async run(): Promise<number> {
    throw new CliError('list is not implemented yet', EXIT.failure)
  }
}
