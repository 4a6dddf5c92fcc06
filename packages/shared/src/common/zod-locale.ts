import { z } from 'zod';

// Validation messages in Simplified Chinese for every schema, on the server and in the browser.
z.config(z.locales.zhCN());
