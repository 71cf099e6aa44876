// Start-up decisions of the desktop app: CLI arguments vs a window, and whether Chromium's sandbox can start.
import { describe, expect, it } from 'vitest'
import { cliInvocation, sandboxProblem, userArgs, type SandboxFacts } from '../../../src/main/electron/startup'

describe('userArgs and cliInvocation', () => {
  it('finds the user arguments after the app path (electron .) or after the executable (packaged)', () => {
    expect(userArgs(['/usr/bin/electron', '.', 'list', '--json'], true)).toEqual(['list', '--json'])
    expect(userArgs(['/opt/shmscope/shmscope', 'list', '--json'], false)).toEqual(['list', '--json'])
  })

  it('treats a shmscope command as a CLI run, anything else as the window', () => {
    expect(cliInvocation(['list', '--json'])).toEqual(['list', '--json'])
    expect(cliInvocation(['--version'])).toEqual(['--version'])
    expect(cliInvocation(['serve', '--port', '0'])).toEqual(['serve', '--port', '0'])
    expect(cliInvocation([])).toBeUndefined()
    expect(cliInvocation(['--no-sandbox'])).toBeUndefined()
    expect(cliInvocation(['/some/file'])).toBeUndefined()
  })
})

describe('sandboxProblem', () => {
  const base: SandboxFacts = { appImage: true, noSandbox: false, apparmorRestrictsUserns: '0\n', usernsClone: undefined, maxUserNamespaces: '63000\n' }

  it('says nothing where user namespaces are allowed, outside an AppImage, or with --no-sandbox', () => {
    expect(sandboxProblem(base)).toBeUndefined()
    expect(sandboxProblem({ ...base, appImage: false, apparmorRestrictsUserns: '1\n' })).toBeUndefined()
    expect(sandboxProblem({ ...base, noSandbox: true, apparmorRestrictsUserns: '1\n' })).toBeUndefined()
  })

  it("explains Ubuntu 24.04's AppArmor restriction with the sysctl that lifts it", () => {
    const text = sandboxProblem({ ...base, apparmorRestrictsUserns: '1\n' })
    expect(text).toMatch(/user namespaces/)
    expect(text).toMatch(/kernel\.apparmor_restrict_unprivileged_userns=0/)
    expect(text).toMatch(/serve/)
  })

  it("covers Debian's older switch and a zero namespace limit", () => {
    expect(sandboxProblem({ ...base, usernsClone: '0\n' })).toMatch(/unprivileged_userns_clone=1/)
    expect(sandboxProblem({ ...base, maxUserNamespaces: '0\n' })).toMatch(/max_user_namespaces/)
  })
})
