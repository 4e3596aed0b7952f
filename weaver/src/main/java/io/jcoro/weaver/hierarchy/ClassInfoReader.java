package io.jcoro.weaver.hierarchy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Parses the header and method declarations of a class file into a {@link ClassInfo} (no code). */
final class ClassInfoReader extends ClassVisitor {
    static final String SUSPENDABLE_DESC = "Lio/jcoro/Suspendable;";
    /** A {@code @JcoroTest} method runs as a coroutine, so it is suspendable without saying so again. */
    static final String JCORO_TEST_DESC = "Lio/jcoro/junit/JcoroTest;";

    private String name;
    private String superName;
    private List<String> interfaces = List.of();
    private boolean isInterface;
    private final Map<String, Boolean> annotated = new HashMap<>();
    /** Bridge methods: name → argument counts of the bridges with that name (the generic overrides). */
    private final List<String[]> bridges = new ArrayList<>();

    private ClassInfoReader() {
        super(Opcodes.ASM9);
    }

    static ClassInfo read(byte[] bytes, SuspendableDeclarations extra) {
        ClassInfoReader r = new ClassInfoReader();
        new ClassReader(bytes).accept(r, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return r.build(extra);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.name = name;
        this.superName = superName;
        this.interfaces = interfaces == null ? List.of() : Arrays.asList(interfaces);
        this.isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
    }

    @Override
    public MethodVisitor visitMethod(int access, String mname, String desc, String signature, String[] exceptions) {
        String key = mname + desc;
        annotated.put(key, Boolean.FALSE);
        if ((access & Opcodes.ACC_BRIDGE) != 0) {
            bridges.add(new String[] {mname, desc});
        }
        return new MethodVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String annotationDesc, boolean visible) {
                if (SUSPENDABLE_DESC.equals(annotationDesc) || JCORO_TEST_DESC.equals(annotationDesc)) {
                    annotated.put(key, Boolean.TRUE);
                }
                return null;
            }
        };
    }

    private ClassInfo build(SuspendableDeclarations extra) {
        Map<String, Boolean> declared = new HashMap<>(annotated);
        for (String key : annotated.keySet()) {
            if (extra.declares(name, key)) {
                declared.put(key, Boolean.TRUE);
            }
        }
        return new ClassInfo(name, superName, interfaces, isInterface, declared, bridges);
    }
}
