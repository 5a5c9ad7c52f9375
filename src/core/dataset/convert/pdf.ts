/**
 * Text out of a PDF, page by page, with `unpdf` (a build of Mozilla's pdf.js that needs no canvas
 * and runs in Node 20 and on Lambda). Imported on first use: it is 2 MB that validation and every
 * other command never need. A PDF is read whole, because its cross-reference table sits at the end
 * of the file and objects are found by offset.
 */
import { InputError } from '../../errors.js';

export async function extractPdfPages(bytes: Uint8Array): Promise<string[]> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  let document: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of the buffer it is given; a copy keeps the caller's intact.
    document = await getDocumentProxy(new Uint8Array(bytes));
  } catch (cause) {
    throw new InputError(
      `the PDF cannot be read (${cause instanceof Error ? cause.message : String(cause)}); is it damaged or encrypted?`,
      { field: 'file', cause },
    );
  }
  try {
    const { text } = await extractText(document, { mergePages: false });
    return text;
  } finally {
    await document.destroy();
  }
}
