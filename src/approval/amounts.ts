// Whether a line's amount is part of its order's totals, so is shown beside them (pages and
// mails alike, so the lines add up). A line rejected from an order that went on to the shop was
// taken out of them (settleOrder); while the order waits, and once it was rejected or withdrawn
// whole, its totals are those placed.
export function inTotals(orderStatus: string, lineStatus: string): boolean {
  return lineStatus !== 'rejected' || ['awaiting_approval', 'rejected', 'withdrawn'].includes(orderStatus);
}
