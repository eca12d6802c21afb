import { useState } from 'preact/hooks';
import { bookmarkFileType, type ImportReport } from '../../../public-api-client';
import { useApp } from '../app-context';
import { Notice } from '../messages';

/** Hands the browser a file to save, as a download. */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/html' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Bookmarks in (a browser's, Pinboard's or linkding's export, with a report of what it did) and out (a browser's format). */
export function ImportExport(props: { onImported: () => void }) {
  const { api, failed } = useApp();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<string>();

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(failed(failure));
    } finally {
      setBusy(false);
    }
  };
  const importFile = () =>
    run(async () => {
      if (!file) return;
      setReport(undefined);
      setReport(await api.importBookmarks(file, bookmarkFileType(file.name)));
      props.onImported();
    });
  const exportFile = () =>
    run(async () => download(await api.exportBookmarks(), 'delinkcious-bookmarks.html'));

  const unchanged = report?.skipped.filter((skip) => skip.reason === 'unchanged').length ?? 0;
  const skipped = report?.skipped.filter((skip) => skip.reason !== 'unchanged') ?? [];
  return (
    <section aria-labelledby="import-title" class="card">
      <h2 id="import-title">Import and export</h2>
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void importFile();
        }}
      >
        <label for="import-file">
          Bookmarks exported from your browser (HTML), Pinboard or linkding (JSON)
        </label>
        <input
          id="import-file"
          type="file"
          accept=".html,.htm,text/html,.json,application/json"
          required
          onChange={(event) => setFile(event.currentTarget.files?.[0])}
        />
        <button type="submit" disabled={busy || !file}>
          Import
        </button>
      </form>
      <p>
        <button type="button" class="secondary" disabled={busy} onClick={() => void exportFile()}>
          Export all links
        </button>{' '}
        as a bookmark file any browser imports.
      </p>
      <Notice
        error={error}
        info={
          report &&
          `Imported: ${report.added} added, ${report.updated} updated, ${unchanged} unchanged, ${skipped.length} skipped.`
        }
      />
      {skipped.length > 0 && (
        <ul class="skipped" aria-label="Skipped bookmarks">
          {skipped.map((skip, index) => (
            <li key={`${index}-${skip.url}`}>
              <code>{skip.url}</code>: {skip.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
