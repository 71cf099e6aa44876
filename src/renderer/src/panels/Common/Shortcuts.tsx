// The keyboard shortcuts sheet (press ?).
import { useEffect, useRef } from 'react'

const KEYS: [string, string][] = [
  ['1 – 4', 'Segments, Detail, Decode, Events'],
  ['↑ ↓ Home End PgUp PgDn', 'move the selection in the segments table'],
  ['Enter', 'open the selected segment'],
  ['/', 'filter the segments'],
  ['P or Space', 'pause / resume the view'],
  ['T', 'dark / light theme'],
  ['F', 'presentation mode (large type)'],
  ['Esc', 'leave a text field, close this sheet'],
  ['?', 'this sheet']
]

export function Shortcuts(props: { onClose: () => void }): React.JSX.Element {
  const close = useRef<HTMLButtonElement | null>(null)
  useEffect(() => close.current?.focus(), [])
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={props.onClose}>
      <div className="sheet" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {KEYS.map(([k, what]) => (
              <tr key={k}>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button ref={close} type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </div>
  )
}
