// An empty panel that says what to do next (and offers the demo when this monitor has one).
import type { ReactNode } from 'react'

export function EmptyState(props: { title: string; children?: ReactNode; action?: ReactNode }): React.JSX.Element {
  return (
    <div className="empty" role="status">
      <h2>{props.title}</h2>
      {props.children && <div className="empty-text">{props.children}</div>}
      {props.action && <div className="empty-action">{props.action}</div>}
    </div>
  )
}
