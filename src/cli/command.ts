// The shape every `shmscope <command>` module exports.

export interface CommandModule {
  /** One line: `list [--json] [--sysv] [--posix]`. */
  usage: string
  /** A few lines shown by `shmscope <command> --help`. */
  help: string
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: string[]): Promise<number>
}
