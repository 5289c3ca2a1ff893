/**
 * The ground floor: one typed model of a ser2net connection, shared by everything above it. The parser
 * ({@code config/}) produces it, the bridge ({@code bridge/}) serves it and the {@code serial:} component applies its
 * {@link land.keen.ser2net.spec.LineSettings}. Plain Java records and enums: no Camel, Netty or jSerialComm here, so
 * each setting has one name and one type from the YAML key to the wire, and two connections compare by value (the
 * reconcile loop restarts a bridge exactly when its {@link land.keen.ser2net.spec.ConnectionSpec} changed).
 */
package land.keen.ser2net.spec;
