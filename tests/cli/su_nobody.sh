#!/bin/sh
# su_nobody.sh CMD ARG...  run CMD as the user nobody through su (for
# systems without setpriv), keeping the arguments as they are.
q=""
for a in "$@"; do
	q="$q '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
done
exec su -s /bin/sh nobody -c "exec $q"
