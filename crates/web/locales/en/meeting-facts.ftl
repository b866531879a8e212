# What the meeting page's agenda says from the records its items name.
meeting-facts-period = for { $period }
meeting-facts-submitted-to = to go to the { $body }, { $city }, { $date }
meeting-facts-list-how = Drawn up every year on the basis of the member states' proposals on collective instructions to their permanent representatives at international organisations.
