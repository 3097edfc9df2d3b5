import officeCrypto from 'officecrypto-tool';

/**
 * A workbook encrypted with a password: ECMA-376 agile encryption (AES-256, SHA-512 key derivation) through
 * officecrypto-tool, which Excel, WPS and LibreOffice open with the password. For exports that hold case contents or
 * personal data in clear; the password (contracts' ExportPassword) is the user's and is never stored.
 */
export async function passwordProtectWorkbook(xlsx: Buffer, password: string): Promise<Buffer> {
  return (await officeCrypto.encrypt(xlsx, { password })) as Buffer;
}
