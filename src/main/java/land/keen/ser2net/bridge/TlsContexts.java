package land.keen.ser2net.bridge;

import java.io.File;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/** The server-side TLS context of a bridge from gensio-style PEM files (key in PKCS#8, as openssl genpkey writes). */
final class TlsContexts {

    private TlsContexts() {
    }

    /** Null for a plain bridge; fails with a message naming the file when a key or certificate cannot be read. */
    static SslContext of(ProtocolSettings p) throws SSLException {
        if (!p.tls()) {
            return null;
        }
        for (String f : new String[] { p.tlsKey(), p.tlsCert(), p.tlsCa() }) {
            if (f != null && !new File(f).canRead()) {
                throw new SSLException("cannot read " + f);
            }
        }
        try {
            SslContextBuilder b = SslContextBuilder.forServer(new File(p.tlsCert()), new File(p.tlsKey()));
            if (p.tlsCa() != null) {
                b.trustManager(new File(p.tlsCa()));
            }
            b.clientAuth(p.tlsClientAuth() ? ClientAuth.REQUIRE : p.tlsCa() != null ? ClientAuth.OPTIONAL
                    : ClientAuth.NONE);
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new SSLException("TLS key " + p.tlsKey() + " / certificate " + p.tlsCert() + ": " + e.getMessage(),
                    e);
        }
    }
}
