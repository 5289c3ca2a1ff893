package land.keen.ser2net.status;

import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import javax.management.ObjectName;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

/**
 * Jolokia's restrictor for the management port: Jolokia parses each request and asks this class what it may do, so
 * no request is re-parsed here. An operator (who gave the credentials, see {@link GuardedJolokiaPlugin}) may do
 * anything. Anyone else may read, list, search and ask the version, which is all Hawtio needs to show the bridges,
 * but may not read the attributes that carry the command line, system properties or environment (where a password
 * given as {@code -Dser2net.jolokia.password=…} would show), nor any attribute named like a secret.
 *
 * <p>Jolokia's restrictor API does not know the caller, so the plugin marks the request thread while Jolokia handles
 * the request (it does so synchronously on that thread).
 */
final class JolokiaPolicy implements Restrictor {

    private static final ThreadLocal<Boolean> OPERATOR = ThreadLocal.withInitial(() -> false);
    private static final Set<RequestType> ANONYMOUS =
            Set.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH, RequestType.VERSION);
    /** java.lang:type=Runtime holds the JVM's arguments (-D…) and every system property. */
    private static final Set<String> RUNTIME_SECRETS = Set.of("inputarguments", "systemproperties");
    /** Any MBean attribute whose name says it holds a secret or a whole environment/property set. */
    private static final String[] SECRET_WORDS =
            { "password", "passwd", "secret", "token", "credential", "environment", "systemproperties",
              "inputarguments", "commandline" };

    /** Runs {@code work} with the rights of an operator on this thread. */
    static <T> T asOperator(boolean operator, Supplier<T> work) {
        OPERATOR.set(operator);
        try {
            return work.get();
        } finally {
            OPERATOR.remove();
        }
    }

    private static boolean operator() {
        return OPERATOR.get();
    }

    /** True for an attribute anonymous callers may not read, because its value may carry a secret. */
    static boolean secret(ObjectName name, String attribute) {
        if (attribute == null) {
            return false;
        }
        String a = attribute.toLowerCase(Locale.ROOT);
        if ("java.lang".equals(name.getDomain()) && "Runtime".equals(name.getKeyProperty("type"))
            && RUNTIME_SECRETS.contains(a)) {
            return true;
        }
        for (String word : SECRET_WORDS) {
            if (a.contains(word)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return operator() || ANONYMOUS.contains(type);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return operator() || !secret(name, attribute);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return operator();
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return operator();
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true;
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return true;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }

    @Override
    public String toString() {
        return "anonymous: read/list/search/version without secret-bearing attributes; operator: everything";
    }
}
