/** A Matrix error body plus the HTTP status it is sent with. */
export class MatrixError extends Error {
	readonly status: number;
	readonly errcode: string;
	/** Extra top-level fields of the error body, e.g. `soft_logout`. */
	readonly extra: Readonly<Record<string, unknown>>;

	constructor(status: number, errcode: string, error: string, extra: Record<string, unknown> = {}) {
		super(error);
		this.name = 'MatrixError';
		this.status = status;
		this.errcode = errcode;
		this.extra = extra;
	}

	/** The JSON body the spec's standard error response has. */
	toJSON(): Record<string, unknown> {
		return { ...this.extra, errcode: this.errcode, error: this.message };
	}
}

/** 400 M_BAD_JSON: valid JSON of the wrong shape. */
export const badJson = (error: string) => new MatrixError(400, 'M_BAD_JSON', error);

/** 400 M_MISSING_PARAM: a required field or parameter is absent. */
export const missingParam = (error: string) => new MatrixError(400, 'M_MISSING_PARAM', error);

/** 400 M_INVALID_PARAM: a parameter has a value the server cannot use. */
export const invalidParam = (error: string) => new MatrixError(400, 'M_INVALID_PARAM', error);

/** 403 M_FORBIDDEN: the request is understood but not allowed. */
export const forbidden = (error: string) => new MatrixError(403, 'M_FORBIDDEN', error);

/** 404 M_NOT_FOUND: the named thing does not exist (or is hidden from the requester). */
export const notFound = (error: string) => new MatrixError(404, 'M_NOT_FOUND', error);
