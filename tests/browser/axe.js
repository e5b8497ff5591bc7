// Runs axe-core (injected before) over the page, WCAG 2.x A and AA rules and axe's best
// practices; resolves with the serious and critical violations, each with its first nodes.
async () => {
  const { violations } = await axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    resultTypes: ["violations"],
  });
  return violations
    .filter((violation) => ["serious", "critical"].includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      count: violation.nodes.length,
      nodes: violation.nodes.slice(0, 5).map((node) => ({
        target: node.target.join(" "),
        summary: (node.failureSummary || "").split("\n").slice(0, 2).join(" "),
      })),
    }));
}
