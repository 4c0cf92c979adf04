/** An identifier in a namespace (CONTRACT.md "Identifier namespaces"): `ecid`, `email`, a data source's name, `dpid:<n>`… */
export interface IdRef {
  namespace: string;
  value: string;
}
