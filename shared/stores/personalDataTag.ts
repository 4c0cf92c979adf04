/**
 * The object tag on files that hold raw personal values (rejected lines, a drop's unmatched IDs):
 * the bucket's tag-filtered lifecycle rule expires them after 30 days wherever their key lives,
 * so `receipts/<drop>.unmatched.tsv` keeps the key users know and the rejected lines' retention.
 */
export const PERSONAL_DATA_TAG = { key: 'ab-retention', value: 'personal-data' } as const;

/** The tag as the `Tagging` parameter of PutObject / CreateMultipartUpload (URL query form). */
export const PERSONAL_DATA_TAGGING = `${PERSONAL_DATA_TAG.key}=${PERSONAL_DATA_TAG.value}`;
