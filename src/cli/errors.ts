// Exit codes of CONTRACT.md and the error type that carries one to the top of the CLI.

export const EXIT = {
  ok: 0,
  usage: 1,
  notFound: 2,
  permission: 3,
  layout: 4,
  failure: 5
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** Thrown inside commands; printed as one `shmscope: <message>` line with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode
  ) {
    super(message)
    this.name = 'CliError'
  }
}

export const usageError = (message: string): CliError => new CliError(message, EXIT.usage)
