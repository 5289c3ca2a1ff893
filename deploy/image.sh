#!/usr/bin/env bash
# The ser2net-camel container image, built here without any container registry: a Java runtime made for the app
# (jlink, from this machine's Debian JDK 17), only the shared libraries it and the app's native parts need (copied
# from this Debian system), the app, and a class-data sharing archive made by a training run of the image itself.
# No shell, no package manager in the image.
#
#   deploy/image.sh build     localhost/ser2net-camel:<version> and :latest in podman's local storage
#   deploy/image.sh save      target/ser2net-camel-<version>-<arch>.tar (docker archive; `podman load -i`,
#                             `k3s ctr images import`, `ctr -n k8s.io images import`)
#   deploy/image.sh run ARGS  podman run the image the way deploy/daemonset.yaml runs it (for trying it out)
#
# Environment: JDK (default: the Debian JDK 17), IMAGE (default localhost/ser2net-camel), ARCH (default: this
# machine's; only amd64 is built here: the runtime, libraries and archive come from this system and a training run
# of the image), CONTAINERS_CONF (default: target/image/containers.conf, see below). Needs podman and runc
# (apt-get install -y podman runc), jlink (openjdk-17-jdk-headless has the jmods), ldd (libc-bin) and, to strip
# native debug symbols, objcopy (binutils).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

IMAGE=${IMAGE:-localhost/ser2net-camel}
JDK=${JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
ARCH=${ARCH:-$(dpkg --print-architecture)}
VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
WORK=target/image
JAR=target/ser2net-camel.jar
ARGS_FILE=target/ser2net-camel.args
# the modules the app loads classes from (measured with -Xlog:class+load over start-up, a client, Jolokia,
# metrics and Kubernetes publishing), plus their providers: TLS (jdk.crypto.ec), socket options (jdk.net)
MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,\
java.security.sasl,java.sql,java.xml,java.xml.crypto,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jfr,jdk.management,\
jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.security.jgss,jdk.unsupported,jdk.zipfs
# what the app's JNI libraries are called inside the jar (extracted to java.io.tmpdir at run time)
NATIVES='Linux/x86_64/libjSerialComm.so com/sun/jna/linux-x86-64/libjnidispatch.so META-INF/native/libnetty_transport_native_epoll_x86_64.so'

die() { echo "image.sh: $*" >&2; exit 1; }

# Debian's podman 4.3 on these machines: crun refuses setrlimit and the hybrid cgroup layout, so runc, cgroupfs, and
# no default ulimits
podman_() {
    if [[ -z ${CONTAINERS_CONF:-} ]]; then
        mkdir -p "$WORK"
        printf '[containers]\ndefault_ulimits = []\n' > "$WORK/containers.conf"
        export CONTAINERS_CONF=$REPO/$WORK/containers.conf
    fi
    podman --runtime runc --cgroup-manager=cgroupfs "$@"
}

# the DaemonSet's way (deploy/daemonset.yaml): host network, privileged, host /dev, read-only /sys, read-only root,
# a tmpfs /tmp, the snippets folder; extra podman options and the image come from the caller
run_like_daemonset() {
    podman_ run --rm --network host --privileged -v /dev:/dev -v /sys:/sys:ro --read-only --tmpfs /tmp:rw,size=32m \
        --stop-timeout 10 "$@"
}

copy_libs() { # copy_libs ROOT FILE...: the shared libraries FILEs need, at the same paths under ROOT
    local root=$1; shift
    # only the system's (/lib, /usr/lib); the runtime's own libraries find each other through their RPATH
    ldd "$@" 2>/dev/null | awk '/=> \/(usr\/)?lib/ {print $3} /^\t\/lib/ {print $1}' | sort -u | while read -r lib; do
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
}

build_rootfs() {
    local root=$WORK/rootfs
    rm -rf "$root" && mkdir -p "$root"
    # Debian 12 keeps /lib and /lib64 under /usr
    mkdir -p "$root/usr/lib" "$root/usr/lib64" "$root/etc" "$root/tmp" "$root/app/target" \
        "$root/etc/ser2net-camel/snippets" "$root/dev" "$root/proc" "$root/sys"
    ln -s usr/lib "$root/lib"
    ln -s usr/lib64 "$root/lib64"
    chmod 1777 "$root/tmp"

    echo "image.sh: jlink $MODULES" >&2
    # --compress=2: the classes the app uses come from the class-data archive, the rest is rarely read
    local strip=()
    command -v objcopy > /dev/null && strip=(--strip-native-debug-symbols "objcopy=$(command -v objcopy)")
    "$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" --strip-debug --no-header-files \
        --no-man-pages --compress=2 "${strip[@]}" --output "$root/opt/java"
    # java.desktop is here for java.beans (Camel's and Jackson's bean introspection); no AWT, sound, images, fonts
    rm -f "$root"/opt/java/lib/{libawt,libawt_headless,libawt_xawt,libjawt,libsplashscreen,libjsound,libfontmanager,liblcms,libjavajpeg,libmlib_image}.so
    # Debian's JDK keeps cacerts and the security policy files in /etc (symlinks in lib/security): bring the files
    find "$root/opt/java" -type l | while read -r link; do
        target=$(readlink -f "$link") || continue
        rm "$link"
        [[ -f $target ]] && cp "$target" "$link"
    done

    local natives; natives=$(mktemp -d)
    # shellcheck disable=SC2086
    unzip -q -o "$JAR" $NATIVES -d "$natives" 2>/dev/null || true
    mapfile -t sos < <(find "$root/opt/java" "$natives" -name '*.so')
    copy_libs "$root" "${sos[@]}"
    # NSS: files only for users and hosts, DNS for cluster names (glibc 2.36 has both built in)
    printf 'root:x:0:0:root:/root:/nonexistent\n' > "$root/etc/passwd"
    printf 'root:x:0:\n' > "$root/etc/group"
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
    rm -rf "$natives"

    cp -r routes kamelets "$root/app/"
    cp snippets/*.yaml "$root/etc/ser2net-camel/snippets/"
    cp -p "$JAR" "$ARGS_FILE" "$root/app/target/"
}

import() { # import NAME [ARCHIVE]: the root file system as an image, with the run command of daemonset.yaml
    local name=$1 archive=${2:-}
    [[ -n $archive ]] && cp -p "$archive" "$WORK/rootfs/app/target/ser2net-camel.jsa"
    tar -C "$WORK/rootfs" --numeric-owner --owner=0 --group=0 -cf "$WORK/rootfs.tar" .
    podman_ import \
        --change 'WORKDIR /app' \
        --change 'ENV PATH=/opt/java/bin:/usr/bin:/bin' \
        --change 'ENV SER2NET_SNIPPETS=/etc/ser2net-camel/snippets' \
        --change 'ENV JAVA_HOME=/opt/java' \
        --change 'EXPOSE 8778' \
        --change 'ENTRYPOINT ["/opt/java/bin/java", "-Djava.io.tmpdir=/tmp", "@target/ser2net-camel.args", "-jar", "target/ser2net-camel.jar"]' \
        --message "ser2net-camel $VERSION" \
        "$WORK/rootfs.tar" "$name" > /dev/null
    rm -f "$WORK/rootfs.tar"
}

# One start of the image in a private network namespace (loopback only: nothing reaches the node's ports or any
# other address). With no stick it serves its demo stick; once up it writes its class-data archive into the
# mounted target/ (ClassDataArchive), which then goes into the image.
train() {
    local trial=$1 out=$WORK/train
    rm -rf "$out" && mkdir -p "$out"
    cp -p "$WORK/rootfs/app/target/ser2net-camel.jar" "$WORK/rootfs/app/target/ser2net-camel.args" "$out/"
    local name=ser2net-camel-train-$$
    podman_ run -d --rm --name "$name" --network none -v "$REPO/$out:/app/target" --tmpfs /tmp:rw,size=32m \
        "$trial" > /dev/null
    for _ in $(seq 1 180); do
        [[ -f $out/ser2net-camel.jsa ]] && break
        podman_ container exists "$name" || break
        sleep 0.5
    done
    podman_ logs "$name" > "$WORK/train.log" 2>&1 || true
    podman_ stop -t 10 "$name" > /dev/null 2>&1 || true
    # --rm removes a stopped container in the background: gone for sure before its image is removed
    podman_ rm -f "$name" > /dev/null 2>&1 || true
    [[ -f $out/ser2net-camel.jsa ]] || die "the training run wrote no class-data archive; its log: $WORK/train.log"
}

build() {
    [[ $ARCH == "$(dpkg --print-architecture)" ]] || die "ARCH=$ARCH: only this machine's architecture is built here (the runtime, libraries and class-data archive come from this system and a training run of the image)"
    command -v podman > /dev/null || die "podman missing (apt-get install -y podman runc)"
    [[ -x $JDK/bin/jlink && -d $JDK/jmods ]] || die "no jlink/jmods in $JDK (apt-get install -y openjdk-17-jdk-headless)"
    if [[ ! -f $JAR || ! -f $ARGS_FILE ]]; then
        echo "image.sh: building $JAR" >&2
        mvn -B -q package -DskipTests
    fi
    # the image this build replaces, removed once the new one carries its tags (no dangling copies pile up)
    local previous; previous=$(podman_ image inspect --format '{{.Id}}' "$IMAGE:$VERSION" 2>/dev/null || true)
    build_rootfs
    import "$IMAGE:$VERSION-untrained"
    echo "image.sh: training run (class-data archive)" >&2
    train "$IMAGE:$VERSION-untrained"
    podman_ rmi "$IMAGE:$VERSION-untrained" > /dev/null
    import "$IMAGE:$VERSION" "$WORK/train/ser2net-camel.jsa"
    podman_ tag "$IMAGE:$VERSION" "$IMAGE:latest"
    if [[ -n $previous && $previous != "$(podman_ image inspect --format '{{.Id}}' "$IMAGE:$VERSION")" ]]; then
        podman_ rmi "$previous" > /dev/null 2>&1 || true
    fi
    echo "image.sh: $IMAGE:$VERSION ($IMAGE:latest), $(podman_ image inspect --format '{{.Size}}' "$IMAGE:$VERSION" | awk '{printf "%.0f MB", $1/1e6}') uncompressed" >&2
}

save() {
    local tar=target/ser2net-camel-$VERSION-$ARCH.tar
    rm -f "$tar"
    podman_ save --format docker-archive -o "$tar" "$IMAGE:$VERSION"
    echo "image.sh: $tar ($(du -m "$tar" | cut -f1) MB)" >&2
}

case ${1:-} in
    build) build ;;
    save) save ;;
    run) shift; run_like_daemonset "$@" ;;
    version) echo "$VERSION" ;;
    *) die "usage: deploy/image.sh build | save | run [podman run options] IMAGE | version" ;;
esac
