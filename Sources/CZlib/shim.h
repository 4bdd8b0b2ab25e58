#include <zlib.h>

/// inflateInit2 is a macro in zlib.h; this is its callable form.
static inline int czlib_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);  /* gzip or zlib header, automatic */
}
