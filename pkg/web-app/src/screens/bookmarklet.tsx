/**
 * A link to drag to the bookmarks bar: on any page it opens this app's /save with that
 * page's url and title. Clicking it here does nothing (this page's CSP forbids javascript:
 * urls, which is the point of the CSP); it runs from the bookmarks bar.
 */
export function bookmarkletSource(origin: string): string {
  const open =
    `window.open('${origin}/save?url='+encodeURIComponent(location.href)+'&title='+encodeURIComponent(document.title),` +
    `'delinkcious','width=640,height=640')`;
  return `javascript:(()=>{${open}})()`;
}

export function Bookmarklet() {
  return (
    <section aria-labelledby="bookmarklet-title" class="card">
      <h2 id="bookmarklet-title">Save pages from anywhere</h2>
      <p>
        Drag this link to your browser's bookmarks bar, then click it on any page to save that page:{' '}
        <a
          class="bookmarklet"
          href={bookmarkletSource(location.origin)}
          onClick={(event) => event.preventDefault()}
        >
          Save to Delinkcious
        </a>
      </p>
    </section>
  );
}
