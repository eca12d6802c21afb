/** "k8s, go ,,docs" → ["k8s", "go", "docs"]: trimmed, non-empty, each once. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

export function formatTags(tags: string[]): string {
  return tags.join(', ');
}

/** The PUT /v1/links change that turns `before` into `after`. */
export function tagChanges(before: string[], after: string[]): { addTags: string[]; removeTags: string[] } {
  return {
    addTags: after.filter((tag) => !before.includes(tag)),
    removeTags: before.filter((tag) => !after.includes(tag)),
  };
}
