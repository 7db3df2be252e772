# strings, lists and dicts: build text, split it, count words, sort by count
def main():
    vocab = ["red", "green", "blue", "cyan", "magenta", "yellow", "black"]
    parts = []
    for i in range(300_000):
        parts.append(vocab[(i * i + 3) % 7] + ("!" if i % 11 == 0 else ""))
    text = " ".join(parts)
    freq = {}
    for w in text.split(" "):
        w = w.strip("!")
        freq[w] = freq.get(w, 0) + 1
    ranked = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
    print(ranked[:3], len(text), f"{len(parts):,}")

main()
