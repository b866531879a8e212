# Search: the box in the header and the page /search.
search-title = Search
search-site = Search the site
search-label = Words to search for
search-go = Search
search-intro = Search documents in every language version, meetings, agenda items and publications, in English or Russian: any form of a word finds the others.
search-count = { $count ->
    [one] One result for “{ $query }”
   *[other] { $count } results for “{ $query }”
}
search-count-capped = More than { $count } results for “{ $query }”; the first { $count } are shown.
search-none = No results for “{ $query }”.
search-only-common-words = “{ $query }” holds only words too common to search for; try more particular words.
search-pages = Pages of results
search-previous = Previous results
search-next = More results
search-kind-document = Document
search-kind-meeting = Meeting
search-kind-agenda_item = Agenda item
search-kind-publication = Publication
error-query_too_long = The search is too long: at most 200 characters.
error-query_too_many_words = The search has too many words: at most 12.
