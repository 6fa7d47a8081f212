/**
 * Printing a report: when it was printed, for the printout to say so — also when printed from the browser's own menu
 * — and a print() that stamps the time before the print dialog opens.
 */
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

export function usePrint(): { readonly printedAt: string; readonly print: () => void } {
  const [printedAt, setPrintedAt] = useState(() => new Date().toISOString());
  useEffect(() => {
    const stamp = () => setPrintedAt(new Date().toISOString());
    window.addEventListener('beforeprint', stamp);
    return () => window.removeEventListener('beforeprint', stamp);
  }, []);
  const print = () => {
    flushSync(() => setPrintedAt(new Date().toISOString()));
    window.print();
  };
  return { printedAt, print };
}
