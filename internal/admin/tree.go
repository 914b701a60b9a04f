package admin

import (
	"cmp"
	"slices"
	"strings"
)

// PathSep separates the levels of a nested collection's name: Bitwarden
// nests "Parent/Child" by name alone, there is no parent id.
const PathSep = "/"

// unreadableName names a collection whose name could not be decrypted.
const unreadableName = "(name not decryptable)"

// Node is one level of the collection tree. Collection is nil for a path
// that only exists as the prefix of other collections' names ("Network"
// when there is a "Network/Firewalls" but no "Network").
type Node struct {
	Name       string      `json:"name"` // the last level of Path
	Path       string      `json:"path"`
	Collection *Collection `json:"collection,omitempty"`
	Children   []*Node     `json:"children,omitempty"`
}

// Tree nests collections by their "Parent/Child" names. Siblings are sorted
// by name, ignoring case. Collections whose name could not be decrypted are
// roots of their own.
func Tree(colls []Collection) []*Node {
	root := &Node{}
	for i := range colls {
		c := &colls[i]
		if c.Damaged {
			root.Children = append(root.Children, &Node{Name: unreadableName, Path: "", Collection: c})
			continue
		}
		n := root
		parts := strings.Split(c.Name, PathSep)
		for j, p := range parts {
			path := strings.Join(parts[:j+1], PathSep)
			var next *Node
			for _, ch := range n.Children {
				if ch.Path == path && (ch.Collection == nil || !ch.Collection.Damaged) {
					next = ch
					break
				}
			}
			if next == nil {
				next = &Node{Name: p, Path: path}
				n.Children = append(n.Children, next)
			}
			n = next
		}
		if n.Collection != nil {
			// Two collections of one name: show both, side by side.
			dup := &Node{Name: n.Name, Path: n.Path, Collection: c}
			parent := parentOf(root, n)
			parent.Children = append(parent.Children, dup)
			continue
		}
		n.Collection = c
	}
	sortNodes(root.Children)
	return root.Children
}

func parentOf(root, n *Node) *Node {
	for _, ch := range root.Children {
		if ch == n {
			return root
		}
		if p := parentOf(ch, n); p != nil {
			return p
		}
	}
	return nil
}

func sortNodes(ns []*Node) {
	slices.SortStableFunc(ns, func(a, b *Node) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Name, b.Name))
	})
	for _, n := range ns {
		sortNodes(n.Children)
	}
}

// Walk calls f for every node, parents before their children, with the
// node's depth (0 for roots).
func Walk(nodes []*Node, f func(n *Node, depth int)) {
	var walk func(ns []*Node, d int)
	walk = func(ns []*Node, d int) {
		for _, n := range ns {
			f(n, d)
			walk(n.Children, d+1)
		}
	}
	walk(nodes, 0)
}

// under reports whether path is strictly below parent in the tree.
func under(path, parent string) bool {
	return len(path) > len(parent) && strings.HasPrefix(path, parent) && path[len(parent):len(parent)+1] == PathSep
}
