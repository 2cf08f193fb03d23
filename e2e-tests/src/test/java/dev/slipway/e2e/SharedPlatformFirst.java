package dev.slipway.e2e;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.ClassDescriptor;

/**
 * The e2e classes' order (junit-platform.properties): those on the shared platform first, then
 * those with a platform of their own, then those that start a {@link Slipway} themselves, each
 * group by name. The shared platform is stopped when the first own platform starts, so it starts
 * once and never runs beside another platform.
 */
public final class SharedPlatformFirst implements ClassOrderer {
    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor c) -> group(c.getTestClass()))
                .thenComparing(c -> c.getTestClass().getName()));
    }

    /** 0: on the shared platform, 1: on a TestPlatform of its own, 2: no TestPlatform. */
    static int group(Class<?> testClass) {
        for (Field field : testClass.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == TestPlatform.class) {
                try {
                    field.setAccessible(true);
                    return ((TestPlatform) field.get(null)).isShared() ? 0 : 1;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + testClass.getName() + "." + field.getName(), e);
                }
            }
        }
        return 2;
    }
}
