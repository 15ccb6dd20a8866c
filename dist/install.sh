#!/bin/sh
# 安装 shitong（发布包自带）：把 bin/ 与 share/ 复制到 PREFIX（默认 /usr/local；非 root 用户默认 ~/.local）。
# Installs this release under PREFIX (default /usr/local, or ~/.local when not root):
#   sh install.sh [PREFIX]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ge 1 ]; then prefix=$1
elif [ "$(id -u)" = 0 ]; then prefix=/usr/local
else prefix=$HOME/.local
fi
mkdir -p "$prefix/bin" "$prefix/share"
cp "$here/bin/shitong" "$prefix/bin/shitong"
cp -R "$here/share/." "$prefix/share/"
echo "已安装 / installed: $prefix/bin/shitong"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "提示：$prefix/bin 不在 PATH 中，请在 ~/.bashrc 末尾加一行 export PATH=\"$prefix/bin:\$PATH\" / add $prefix/bin to PATH" ;;
esac
"$prefix/bin/shitong" --version
