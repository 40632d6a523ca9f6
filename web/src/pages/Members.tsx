export default function MembersPage(_p: { teamId: string }) { return <div data-testid="page-members">TODO</div>; }
