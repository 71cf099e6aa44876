// Entry of the `shmscope` command (bin/shmscope.mjs loads the built copy of this file).
import { runCli } from './main'

// Let stdout drain before exiting, so piped JSON is never cut short.
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  () => {
    process.exitCode = 5
  }
)
