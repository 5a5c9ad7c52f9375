/** The emulator's S3 access, through the injected client (s3rver locally), as Bedrock's role would. */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface S3Location {
  bucket: string;
  key: string;
}

// Bedrock's S3Uri pattern (API reference): a bucket name, then an optional key.
const S3_URI = /^s3:\/\/([a-z0-9][.\-a-z0-9]{1,61}[a-z0-9])(\/(.*))?$/;

export function parseS3Uri(uri: string): S3Location | undefined {
  const match = S3_URI.exec(uri);
  if (!match?.[1]) return undefined;
  return { bucket: match[1], key: match[3] ?? '' };
}

export const S3_URI_PATTERN = 's3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?';

export async function objectExists(s3: S3Client, location: S3Location): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
    return true;
  } catch {
    return false;
  }
}

export async function readText(s3: S3Client, location: S3Location): Promise<string> {
  const response = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  if (!response.Body) return '';
  return response.Body.transformToString('utf8');
}

export async function writeText(
  s3: S3Client,
  location: S3Location,
  text: string,
  contentType: string,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: location.bucket,
      Key: location.key,
      Body: text,
      ContentType: contentType,
    }),
  );
}

/** `<prefix>/<relative>` with exactly one slash between, whatever the prefix ends with. */
export function joinKey(prefix: string, relative: string): string {
  return prefix === '' ? relative : `${prefix.replace(/\/+$/, '')}/${relative}`;
}
