export declare const root: string;
export declare const stamp: string;
export declare function inputsDigest(): string;
export declare function builtFrom(digest: string): boolean;
