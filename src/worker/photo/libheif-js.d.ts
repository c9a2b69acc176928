/** The part of libheif-js's JavaScript wrapper this app uses (the package types only the raw bindings). */
declare module 'libheif-js/libheif-wasm/libheif-bundle.mjs' {
  interface HeifImage {
    get_width(): number;
    get_height(): number;
    is_primary(): boolean;
    display(
      target: { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number },
      done: (result: { data: Uint8ClampedArray<ArrayBuffer> } | null) => void,
    ): void;
    free(): void;
  }
  interface HeifModule {
    HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[]; decoder: unknown };
    heif_context_free(context: unknown): void;
  }
  export default function libheif(options?: object): HeifModule;
}
