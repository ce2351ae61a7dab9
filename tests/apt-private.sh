# tests/apt-private.sh: a private apt configuration for test fetches (its own sources, package lists and cache; the machine's apt setup untouched), sourced by sh scripts.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   . tests/apt-private.sh
#   apt_private_init DIR SUITE [ARCH] || echo "$apt_private_error"
#   APT_CONFIG=DIR/apt.conf apt-get update   (download, indextargets...)
#
# DIR/apt.conf names one source, the Debian archive the system already uses,
# "deb URI SUITE main" for ARCH (default: the machine's own), with its lists
# and downloads under DIR. APT_CONFIG only replaces /etc/apt/apt.conf, so a
# proxy configured in /etc/apt/apt.conf.d still applies. SUITE may name a
# release ("bookworm") or a pocket of it ("bookworm-backports"); the system's
# codename is $apt_private_codename after the call.

# $(REPO_URI) is apt's, not the shell's; /etc/os-release is read as the
# system has it.
# shellcheck disable=SC2016,SC1091

apt_private_error=
apt_private_codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")

# The system's Debian archive for its release's main component: one URI.
apt_private_archive() {
	apt-get indextargets --format '$(REPO_URI)' 'Identifier: Packages' \
		'Component: main' "Release: $apt_private_codename" "$@" 2>/dev/null |
		head -n 1
}

apt_private_init() {
	_dir=$1 _suite=$2 _arch=${3:-}
	if [ -z "$apt_private_codename" ]; then
		apt_private_error="cannot tell this system's Debian release (no VERSION_CODENAME in /etc/os-release)"
		return 1
	fi
	_uri=$(apt_private_archive 'Origin: Debian')
	[ -n "$_uri" ] || _uri=$(apt_private_archive)
	if [ -z "$_uri" ]; then
		apt_private_error="no Debian archive for $apt_private_codename main among the apt sources (run apt-get update?)"
		return 1
	fi
	_opts=
	[ -r /usr/share/keyrings/debian-archive-keyring.gpg ] &&
		_opts="signed-by=/usr/share/keyrings/debian-archive-keyring.gpg"
	[ -n "$_arch" ] && _opts="${_opts:+$_opts }arch=$_arch"
	if ! mkdir -p "$_dir/lists/partial" "$_dir/cache/archives/partial" "$_dir/none" ||
		! echo "deb ${_opts:+[$_opts] }$_uri $_suite main" >"$_dir/sources.list"; then
		apt_private_error="cannot write the apt configuration in $_dir"
		return 1
	fi
	{
		echo "Dir::Etc::SourceList \"$_dir/sources.list\";"
		echo "Dir::Etc::SourceParts \"$_dir/none\";"
		echo "Dir::State::Lists \"$_dir/lists\";"
		echo "Dir::Cache \"$_dir/cache\";"
		if [ -n "$_arch" ]; then
			echo "APT::Architecture \"$_arch\";"
			echo "APT::Architectures { \"$_arch\"; };"
		fi
		# As root, apt hands downloads to the _apt user, who may not
		# write in a private cache.
		[ "$(id -u)" = 0 ] && echo 'APT::Sandbox::User "root";'
		echo 'Acquire::Languages "none";'
	} >"$_dir/apt.conf" || {
		apt_private_error="cannot write $_dir/apt.conf"
		return 1
	}
	return 0
}
