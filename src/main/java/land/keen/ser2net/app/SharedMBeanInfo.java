package land.keen.ser2net.app;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.modelmbean.InvalidTargetObjectTypeException;
import javax.management.modelmbean.ModelMBean;
import javax.management.modelmbean.ModelMBeanInfo;
import javax.management.modelmbean.RequiredModelMBean;

import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedInstance;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.api.management.NotificationSenderAware;
import org.apache.camel.support.management.DefaultManagementMBeanAssembler;
import org.apache.camel.support.management.MixinRequiredModelMBean;
import org.apache.camel.support.management.NotificationSenderAdapter;
import org.apache.camel.util.ObjectHelper;

/**
 * Camel's MBean assembler, with each managed class's MBean description built once instead of once per MBean. Camel
 * builds it from the class's {@code @ManagedAttribute}/{@code @ManagedOperation} annotations for every MBean it
 * registers: for a route, some 150 attribute and operation infos, each descriptor validated by the JDK. With one
 * route MBean per port that was a fifth of the start-up of 500 ports (stack samples of the reconcile pass).
 * <p>
 * The description depends on the class only. Each MBean still gets its own copy (a {@code RequiredModelMBean} clones
 * the info it is given), and no descriptor Camel makes sets {@code currencyTimeLimit}, so the JDK never writes cached
 * values into the attribute infos the copies share. A custom MBean mixed into Camel's ({@link ManagedInstance} with an
 * annotated instance) is left to Camel.
 */
final class SharedMBeanInfo extends DefaultManagementMBeanAssembler {

    private final Map<Class<?>, ModelMBeanInfo> byClass = new ConcurrentHashMap<>();

    SharedMBeanInfo(CamelContext context) {
        super(context);
    }

    @Override
    public ModelMBean assemble(MBeanServer server, Object obj, ObjectName name) throws JMException {
        if (Proxy.isProxyClass(obj.getClass()) || hasCustomMBean(obj)) {
            return super.assemble(server, obj, name);
        }
        ModelMBeanInfo info = byClass.get(obj.getClass());
        if (info == null) {
            info = assembler.getMBeanInfo(camelContext, obj, null, name.toString());
            if (info == null) {
                return null;
            }
            byClass.put(obj.getClass(), info);
        }
        boolean mask = Boolean.TRUE.equals(camelContext.getManagementStrategy().getManagementAgent().getMask());
        RequiredModelMBean mbean = new MixinRequiredModelMBean(info, mask, null, null);
        try {
            mbean.setManagedResource(obj, "ObjectReference");
        } catch (InvalidTargetObjectTypeException e) {
            throw new JMException(e.getMessage());
        }
        if (obj instanceof NotificationSenderAware aware) {
            aware.setNotificationSender(new NotificationSenderAdapter(mbean));
        }
        return mbean;
    }

    private static boolean hasCustomMBean(Object obj) {
        if (obj instanceof ManagedInstance managed) {
            Object custom = managed.getInstance();
            return custom != null && ObjectHelper.hasAnnotation(custom.getClass().getAnnotations(),
                    ManagedResource.class);
        }
        return false;
    }
}
