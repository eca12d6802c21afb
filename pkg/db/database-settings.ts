import { z } from 'zod';
import { setting } from '../kit/config';

/** The database settings of every service with a database, declared once and spread into its config. */
export const databaseSettings = {
  /** Postgres; unset runs on an embedded PGlite database. */
  DATABASE_URL: setting.url(['postgres', 'postgresql']).optional(),
  /** Where PGlite keeps its files when DATABASE_URL is unset; unset keeps them in memory. */
  PGLITE_DATA_DIR: z.string().optional(),
};

export type DatabaseSettings = z.infer<z.ZodObject<typeof databaseSettings>>;
