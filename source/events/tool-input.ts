const maxInput = 240;

/** What a tool call is about: the command, the file, the pattern, the URL. */
export function toolInputSummary(tool: string | null, input: Record<string, unknown> | null): string {
	if (!input) return '';
	const pick = (...keys: string[]) => {
		for (const key of keys) {
			const value = input[key];
			if (typeof value === 'string' && value) return value;
		}
		return null;
	};
	switch (tool) {
		case 'Bash':
			return pick('command') ?? '';
		case 'Read':
		case 'Write':
		case 'Edit':
		case 'MultiEdit':
			return pick('file_path') ?? '';
		case 'NotebookEdit':
			return pick('notebook_path') ?? '';
		case 'Glob':
		case 'Grep': {
			const pattern = pick('pattern') ?? '';
			const path = pick('path');
			return path ? `${pattern} in ${path}` : pattern;
		}
		case 'WebFetch':
			return pick('url') ?? '';
		case 'WebSearch':
			return pick('query') ?? '';
		case 'Agent':
		case 'Task':
			return [pick('subagent_type'), pick('description')].filter(Boolean).join(': ');
	}
	const named = pick('command', 'file_path', 'path', 'url', 'query', 'pattern', 'description', 'title', 'name');
	if (named) return named;
	try {
		return JSON.stringify(input).slice(0, maxInput);
	} catch {
		return '';
	}
}
