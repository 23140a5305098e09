#!/bin/sh
# Usage (in the image's build stage): runtime_tree.sh BINARY ROOTFS
# Lays out the runtime image's whole tree in ROOTFS: BINARY as /usr/bin/urlscan, every shared
# library ldd resolves for it and the dynamic loader (at the paths ldd names), a passwd and
# group entry for UID 10001, nsswitch.conf (host names from /etc/hosts, then DNS), /tmp and
# the rules cache dir owned by that user, an empty /models for the optional model volume.
# Ends by running the binary chrooted in ROOTFS, so a missing library fails the build.
set -eu
binary=$1
rootfs=$2
mkdir -p "$rootfs/usr/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/var/cache/urlscan" "$rootfs/models"
cp "$binary" "$rootfs/usr/bin/urlscan"
for lib in $(ldd "$binary" | awk '$2 == "=>" { print $3 } $1 ~ /^\// { print $1 }'); do
  cp --parents -L "$lib" "$rootfs/"
done
echo 'urlscan:x:10001:10001:urlscan:/var/cache/urlscan:/usr/sbin/nologin' > "$rootfs/etc/passwd"
echo 'urlscan:x:10001:' > "$rootfs/etc/group"
echo 'hosts: files dns' > "$rootfs/etc/nsswitch.conf"
chown 10001:10001 "$rootfs/var/cache/urlscan"
chmod 1777 "$rootfs/tmp"
chroot "$rootfs" /usr/bin/urlscan --version
