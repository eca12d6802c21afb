import { isMap, isSeq, parseDocument } from 'yaml';

/**
 * A kustomization's text with `newTag` of one image set, and the tag it replaced. Fails
 * when the file has no entry for that image, rather than adding one silently.
 */
export function withImageTag(text: string, image: string, tag: string): { text: string; previous: string } {
  const document = parseDocument(text);
  const images = document.get('images');
  const entry = isSeq(images)
    ? images.items.find((item) => isMap(item) && item.get('name') === image)
    : undefined;
  if (!isMap(entry)) throw new Error(`has no images entry for ${image}`);
  const previous = String(entry.get('newTag') ?? 'latest');
  entry.set('newTag', tag);
  return { text: document.toString(), previous };
}
