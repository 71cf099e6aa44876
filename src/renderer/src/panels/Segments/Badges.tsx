// Status badges of one row.
import { BADGE_TEXT, type Badge } from '../../model/segments'

export function Badges(props: { badges: Badge[] }): React.JSX.Element {
  if (props.badges.length === 0) return <span className="muted">ok</span>
  return (
    <>
      {props.badges.map((b) => (
        <span key={b} className={`badge badge-${b}`} title={BADGE_TEXT[b].title}>
          {BADGE_TEXT[b].label}
        </span>
      ))}
    </>
  )
}
