// The processes that have one object mapped: pid, name, command line, read-only or read-write.
import type { Attachment } from '../../../../shared'

export function AttachedTable(props: { attachments: Attachment[]; hidden: number }): React.JSX.Element {
  if (props.attachments.length === 0)
    return <p className="muted">{props.hidden > 0 ? `${props.hidden} attachment(s) in processes this user cannot inspect.` : 'No process has it mapped right now.'}</p>
  return (
    <table className="attached" data-testid="attached-table">
      <thead>
        <tr>
          <th className="num">pid</th>
          <th>name</th>
          <th>command line</th>
          <th>access</th>
        </tr>
      </thead>
      <tbody>
        {props.attachments.map((a) => (
          <tr key={a.pid}>
            <td className="num mono">{a.pid}</td>
            <td>{a.comm}</td>
            <td className="mono cmdline" title={a.cmdline}>
              {a.cmdline ?? <span className="muted">—</span>}
            </td>
            <td>{a.readOnly ? <span className="badge badge-ro">read-only</span> : <span className="badge badge-rw">read-write</span>}</td>
          </tr>
        ))}
        {props.hidden > 0 && (
          <tr>
            <td colSpan={4} className="muted">
              + {props.hidden} in processes this user cannot inspect
            </td>
          </tr>
        )}
      </tbody>
    </table>
  )
}
