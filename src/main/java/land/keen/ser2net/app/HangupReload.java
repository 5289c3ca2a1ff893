package land.keen.ser2net.app;

import land.keen.ser2net.serial.LibC;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP means "re-read the configuration and snippets now", as it does for ser2net (Debian's ser2net.service reloads
 * with it, and so do logrotate hooks). SIGTERM and SIGINT stay Camel's clean stop.
 *
 * <p>Two things stand in the way and are dealt with here. The JVM's own SIGHUP action runs the shutdown hooks: our
 * handler replaces it. jSerialComm's native library, when it loads (JNI_OnLoad, on the first use of a serial port),
 * sets SIGHUP, SIGUSR1/2, SIGTTIN/TTOU, SIGCONT and SIGIO to "ignored" for the whole process, once: so the library is
 * loaded first and our handler installed after it (opening a device later does not touch signals again; the
 * process test checks /proc/PID/status SigIgn after an open). The JVM refuses to handle a signal that is ignored at
 * the time it is asked to (it takes that for nohup), so the action is first put back to the default through libc.
 * A stick's own hangup never becomes a SIGHUP:
 * jSerialComm opens devices with O_NOCTTY, so no device becomes our controlling terminal.
 */
public final class HangupReload extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.app");
    private static final Signal HUP = new Signal("HUP");

    private volatile CamelContext context;

    private HangupReload() {
    }

    /** Installs the SIGHUP handler for the application {@code main} runs. */
    public static void install(MainSupport main) {
        HangupReload reload = new HangupReload();
        loadSerialLibrary();
        reload.handle();
        main.addMainListener(reload);
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        context = main.getCamelContext();
    }

    private void handle() {
        try {
            LibC.INSTANCE.signal(HUP.getNumber(), null);
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("SIGHUP: cannot reset its action ({}); if it was ignored, it stays ignored", e.toString());
        }
        Signal.handle(HUP, signal -> onHangup());
    }

    private void onHangup() {
        CamelContext c = context;
        Reconciler reconciler = c == null ? null
                : c.getRegistry().lookupByNameAndType("ser2netReconciler", Reconciler.class);
        if (reconciler == null || !c.isStarted()) {
            LOG.info("SIGHUP: not started yet; the configuration is read as the application starts");
            return;
        }
        reconciler.reloadNow("SIGHUP");
    }

    /** Loads jSerialComm's native library now, so that what it does to signal actions is done before we install. */
    private static void loadSerialLibrary() {
        try {
            Class.forName("com.fazecast.jSerialComm.SerialPort", true, HangupReload.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.warn("serial library not loaded at start ({}); SIGHUP may be ignored once a device is opened",
                    e.toString());
        }
    }
}
