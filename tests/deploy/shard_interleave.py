"""Round-robin interleave of sharded scan outputs: line i of the result is line i // N of shard
i % N (what `urlscan --shard K/N` promises equals the unsharded scan). Fails when a shard holds
more lines than its share.
    python3 shard_interleave.py OUT SHARD0 SHARD1 ...
"""
import sys

out, files = sys.argv[1], sys.argv[2:]
shards = [open(f, encoding="utf-8", errors="surrogateescape").read().splitlines(True) for f in files]
with open(out, "w", encoding="utf-8", errors="surrogateescape") as o:
    i = 0
    while True:
        s, k = shards[i % len(shards)], i // len(shards)
        if k >= len(s):
            break
        o.write(s[k])
        i += 1
left = sum(len(s) for s in shards) - i
if left:
    sys.exit(f"{left} shard lines left over after the interleave")
