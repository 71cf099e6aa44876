// The C header editor: line numbers, the layout error marked at its line with its message, and opening
// a .h file (or several: a header and the project headers it includes, joined).
import { useRef } from 'react'
import type { LayoutErrorInfo } from '../../../../shared'
import { combineHeaders } from '../../model/headers'

export interface HeaderEditorProps {
  source: string
  onChange: (source: string) => void
  error: LayoutErrorInfo | undefined
}

export function HeaderEditor(p: HeaderEditorProps): React.JSX.Element {
  const gutter = useRef<HTMLDivElement | null>(null)
  const fileInput = useRef<HTMLInputElement | null>(null)
  const lines = Math.max(1, p.source.split('\n').length)
  const errLine = p.error?.line

  /** One header, or a header and the headers of the project it includes (chosen together). */
  const open = async (list: FileList | null): Promise<void> => {
    const files = [...(list ?? [])]
    if (files.length === 0) return
    const total = files.reduce((n, f) => n + f.size, 0)
    if (total > 512 * 1024) return p.onChange(`/* ${files.map((f) => f.name).join(', ')}: larger than 512 KiB together */`)
    p.onChange(await combineHeaders(await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })))))
  }

  return (
    <div className="header-editor">
      <div className="chart-bar">
        <strong>C header</strong>
        <span className="muted">paste the header your processes include</span>
        <span className="spacer" />
        <input ref={fileInput} type="file" multiple accept=".h,.hpp,.hh,text/x-c,text/plain" hidden onChange={(e) => void open(e.target.files)} />
        <button type="button" onClick={() => fileInput.current?.click()} title="Choose the header, and the headers of your project it includes, together">
          Open header…
        </button>
      </div>
      <div className={`editor ${p.error ? 'has-error' : ''}`}>
        <div className="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <div key={i} className={i + 1 === errLine ? 'gutter-error' : undefined} data-line={i + 1}>
              {i + 1 === errLine ? '● ' : ''}
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          value={p.source}
          spellCheck={false}
          aria-label="C header source"
          aria-invalid={p.error ? true : undefined}
          aria-describedby={p.error ? 'layout-error' : undefined}
          placeholder={'struct SensorData {\n  int sensor_id;\n  double value;\n  char status[16];\n};'}
          onChange={(e) => p.onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop
          }}
          wrap="off"
        />
      </div>
      {p.error && (
        <div id="layout-error" className="layout-error" role="alert" data-testid="layout-error" data-line={p.error.line ?? ''}>
          <strong>{p.error.line !== undefined ? `Line ${p.error.line}${p.error.column !== undefined ? `, column ${p.error.column}` : ''}: ` : ''}</strong>
          {p.error.message}
          {p.error.sourceLine !== undefined && (
            <pre className="error-source">
              {p.error.sourceLine}
              {p.error.column !== undefined && `\n${' '.repeat(Math.max(0, p.error.column - 1))}^`}
            </pre>
          )}
        </div>
      )}
    </div>
  )
}
