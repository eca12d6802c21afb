import { parentPort } from 'node:worker_threads';
import { RE2JS } from 're2js';
import type { RegexAnswer, RegexJob } from './regex-job';

/**
 * Runs in a worker thread of the RegexPool: compiles and matches the link filters off the
 * service's event loop. A 999-character pattern can take 150 ms to compile and seconds to
 * run over a 10 000-character field, so neither may happen on the main thread.
 */
const CACHE_SIZE = 16;
const cache = new Map<string, RE2JS>();

function compile(pattern: string): RE2JS {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const regex = RE2JS.compile(pattern);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, regex);
  return regex;
}

function answer(job: RegexJob): RegexAnswer {
  const regexes: RE2JS[] = [];
  for (const [index, pattern] of job.patterns.entries()) {
    try {
      regexes.push(compile(pattern));
    } catch (error) {
      return { invalid: index, message: (error as Error).message };
    }
  }
  const matches: number[] = [];
  job.texts.forEach((fields, index) => {
    if (regexes.every((regex, i) => regex.test(fields[i]))) matches.push(index);
  });
  return { matches };
}

parentPort?.on('message', (job: RegexJob) => parentPort?.postMessage(answer(job)));
