import { runCli } from './cli.js'

// The only file that touches the process: arguments, environment, output streams, exit code.
process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
  stdin: async () => {
    let text = ''
    for await (const chunk of process.stdin) text += chunk
    return text
  },
})
