import { useState } from 'preact/hooks';
import type { Receipt } from '../../../shared/jobs/index.ts';
import { can } from '../auth.ts';
import { jobHref } from '../jobView.ts';
import { Counters, Field, Page, Progress, Table } from '../ui.tsx';
import { uploadDrop } from '../upload.ts';

/** Inspect a file with the real parsers in the browser (nothing uploaded), then drop it. */
export function Drop() {
  const [file, setFile] = useState<File | undefined>(undefined);
  const [folder, setFolder] = useState('');
  const [receipt, setReceipt] = useState<Receipt | undefined>(undefined);
  const [problem, setProblem] = useState('');
  const [sent, setSent] = useState<number | undefined>(undefined);
  const [dropped, setDropped] = useState('');
  const key = file ? `inbound/${folder ? `${folder.replace(/^\/+|\/+$/g, '')}/` : ''}${file.name}` : '';

  const pick = async (e: Event) => {
    const picked = (e.currentTarget as HTMLInputElement).files?.[0];
    setFile(picked);
    setReceipt(undefined);
    setProblem('');
    setDropped('');
    setSent(undefined);
    if (!picked) return;
    const { inspectFile } = await import('../inspect.ts');
    try {
      setReceipt(await inspectFile(picked, `inbound/${picked.name}`));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const upload = async () => {
    if (!file) return;
    setProblem('');
    setSent(0);
    try {
      await uploadDrop(file, key, setSent);
      setDropped(`ingest:${key}`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <Page title="Inspect and drop">
      <div class="card">
        <div class="field">
          <label for="drop-file">File</label>
          <input id="drop-file" type="file" onChange={pick} />
        </div>
        <Field
          name="folder"
          label="Partner folder under inbound/"
          value={folder}
          errors={{}}
          hint="empty: the default partner"
          onInput={(e) => setFolder((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {receipt && (
        <>
          <h2>Receipt (read in the browser, nothing uploaded)</h2>
          <Counters
            items={[
              ['Format', receipt.format ?? '–'],
              ['Mode', receipt.mode ?? '–'],
              ['Lines read', receipt.linesRead],
              ['Records processed', receipt.recordsProcessed],
              ['Format errors', receipt.formatErrors],
              ['Invalid IDs', receipt.invalidIds],
              ['Segments', receipt.segments.length],
            ]}
          />
          <Table
            caption="First errors"
            head={['Line', 'Reason']}
            empty="No errors."
            rows={receipt.errors.slice(0, 20).map((e) => [e.line, e.reason])}
          />
          <p>
            <button type="button" onClick={upload} disabled={!can('audiences:write') || sent !== undefined}>
              Drop as {key}
            </button>
          </p>
        </>
      )}
      {file && sent !== undefined && <Progress value={sent} max={file.size} label="upload progress" />}
      {dropped && (
        <p role="status">
          Dropped. Follow its job: <a href={jobHref(dropped)}>{dropped}</a>
        </p>
      )}
    </Page>
  );
}
