package land.keen.ser2net.bridge;

import java.io.File;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import land.keen.ser2net.spec.AccepterSpec.Tls;

/** The server-side TLS context of a bridge from gensio-style PEM files (key in PKCS#8, as openssl genpkey writes). */
final class TlsContexts {

    private TlsContexts() {
    }

    /** Null for a plain bridge; fails with a message naming the file when a key or certificate cannot be read. */
    static SslContext of(Tls p) throws SSLException {
        if (p == null) {
            return null;
        }
        for (String f : new String[] { p.key(), p.cert(), p.ca() }) {
            if (f != null && !new File(f).canRead()) {
                throw new SSLException("cannot read " + f);
            }
        }
        try {
            SslContextBuilder b = SslContextBuilder.forServer(pem(p.cert()), pem(p.key()));
            if (p.ca() != null) {
                b.trustManager(pem(p.ca()));
            }
            b.clientAuth(p.clientAuth() ? ClientAuth.REQUIRE : p.ca() != null ? ClientAuth.OPTIONAL
                    : ClientAuth.NONE);
            return b.build();
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new SSLException("TLS key " + p.key() + " / certificate " + p.cert() + ": " + e.getMessage(),
                    e);
        }
    }

    /** A PEM file, read with a bound: a CA bundle is a few hundred KiB at most; a wrong path to something huge is not. */
    private static java.io.InputStream pem(String file) throws java.io.IOException {
        try {
            return new java.io.ByteArrayInputStream(
                    land.keen.ser2net.files.BoundedFiles.read(java.nio.file.Path.of(file), PEM_LIMIT));
        } catch (land.keen.ser2net.files.BoundedFiles.TooLargeException e) {
            throw new SSLException(file + ": " + e.getMessage());
        }
    }

    private static final int PEM_LIMIT = 1024 * 1024;
}
