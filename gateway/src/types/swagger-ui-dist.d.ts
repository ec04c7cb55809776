declare module 'swagger-ui-dist' {
  /** Directory holding Swagger UI's static files. */
  export function absolutePath(): string;
}
